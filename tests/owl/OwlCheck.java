import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;

/**
 * What an OWL API user (Protégé) gets from kg's files.
 *
 *   OwlCheck profile FILE...   the OWL 2 DL profile violations of the union of the files, one a
 *                              line, then "violations N"
 *   OwlCheck roundtrip IN OUT  load IN, print every triple the OWL API cannot map ("unparsed S P
 *                              O"), then "unparsed N", and save what it kept to OUT as Turtle
 */
public final class OwlCheck {
    private OwlCheck() {}

    private static OWLOntologyManager manager() {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        m.setOntologyLoaderConfiguration(new OWLOntologyLoaderConfiguration()
            .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT));
        return m;
    }

    private static int profile(String[] files) throws Exception {
        OWLOntologyManager m = manager();
        OWLOntology union = m.createOntology(IRI.create("urn:kg:check:union"));
        for (String file : files) {
            OWLOntology part = m.loadOntologyFromOntologyDocument(new File(file));
            m.addAxioms(union, part.axioms());
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(union);
        int n = 0;
        for (OWLProfileViolation v : report.getViolations()) {
            // the union ontology is made here, not read: it has no declared IRI to check
            System.out.println("violation " + v.getClass().getSimpleName() + ": "
                + v.toString().replaceAll("\\s+", " "));
            n++;
        }
        System.out.println("violations " + n);
        return 0;
    }

    private static int roundtrip(String in, String out) throws Exception {
        OWLOntologyManager m = manager();
        OWLOntology o = m.loadOntologyFromOntologyDocument(new File(in));
        OWLDocumentFormat format = m.getOntologyFormat(o);
        int n = 0;
        if (format != null && format.getOntologyLoaderMetaData().isPresent()) {
            OWLOntologyLoaderMetaData meta = format.getOntologyLoaderMetaData().get();
            for (Object t : meta.getUnparsedTriples().toArray()) {
                System.out.println("unparsed " + t);
                n++;
            }
        }
        System.out.println("unparsed " + n);
        try (OutputStream stream = new FileOutputStream(out)) {
            m.saveOntology(o, new TurtleDocumentFormat(), stream);
        }
        return 0;
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("profile")) {
            String[] files = new String[args.length - 1];
            System.arraycopy(args, 1, files, 0, files.length);
            System.exit(profile(files));
        }
        if (args.length == 3 && args[0].equals("roundtrip")) {
            System.exit(roundtrip(args[1], args[2]));
        }
        System.err.println("usage: OwlCheck profile FILE... | OwlCheck roundtrip IN OUT");
        System.exit(2);
    }
}
