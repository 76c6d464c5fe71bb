// kg serve: the query editor. YASGUI pointed at this server, one tab per canned query.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kg-config").textContent);
  var Y = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  // The "property" and "class" autocompleters ask lov.linkeddata.es: the page stays offline.
  Y.Yasqe.defaults.autocompleters = Y.Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "property" && name !== "class";
  });
  Y.defaults.requestConfig.endpoint = endpoint;
  var yasgui = new Y(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
      keys: []
    },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    autofocus: false,
    yasqe: { persistenceId: null, resizeable: true, editorHeight: "320px" },
    yasr: { prefixes: config.prefixes || {} }
  });
  config.queries.forEach(function (q, i) {
    yasgui.addTab(i === 0, {
      name: q.name,
      yasqe: { value: q.query },
      requestConfig: { endpoint: endpoint, method: "POST" }
    });
  });
  if (!config.queries.length) {
    yasgui.addTab(true, { requestConfig: { endpoint: endpoint, method: "POST" } });
  }
  window.kgYasgui = yasgui;
  document.body.setAttribute("data-kg-ready", "true");
})();
