package io.ballast.itest.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;

import io.ballast.launcher.StartLevels;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.jar.JarFile;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.DefaultCompositeOption;

/**
 * The distribution's bundle set as Pax Exam options: every jar of the tarball's system/, unpacked into the folder named
 * by {@code ballast.itest.bundles}, installed from its file URL (not mvn:, which would only see
 * installed artifacts, pitfall 6) at the start level the launcher would give it, with one shift.
 *
 * <p>The shift: Pax Exam installs its own bundles before ours, at a fixed start level 2, and they
 * call slf4j when they start. At the launcher's level 2 the logging bundles would start after
 * them, slf4j would bind its no-op logger for good (pitfall 2) and every Ballast log line would be
 * lost. So here the logging bundles start at level 1 with SPI Fly. The launcher's order is kept
 * otherwise: SPI Fly and logging before everything else.
 */
final class ProductBundles {
    static final String FOLDER_PROPERTY = "ballast.itest.bundles";
    private static final int PAX_EXAM_SYSTEM_LEVEL = org.ops4j.pax.exam.Constants.START_LEVEL_SYSTEM_BUNDLES;

    private ProductBundles() {
    }

    static Option all() {
        String folder = System.getProperty(FOLDER_PROPERTY);
        if (folder == null) {
            throw new IllegalStateException(FOLDER_PROPERTY + " is not set; run this test with Failsafe (mvn verify)");
        }
        File[] jars = new File(folder).listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + folder);
        }
        Arrays.sort(jars); // a stable install order, so bundle ids are the same on every run
        return new DefaultCompositeOption(Arrays.stream(jars)
                .map(jar -> bundle(jar.toURI().toString()).startLevel(startLevel(symbolicName(jar))))
                .toArray(Option[]::new));
    }

    static int startLevel(String symbolicName) {
        int level = StartLevels.of(symbolicName);
        return level == StartLevels.LOGGING ? PAX_EXAM_SYSTEM_LEVEL - 1 : level;
    }

    private static String symbolicName(File jar) {
        try (JarFile file = new JarFile(jar)) {
            String header = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (header == null) {
                throw new IllegalStateException(jar.getName() + " is not a bundle (no Bundle-SymbolicName)");
            }
            return header.split(";", 2)[0].trim(); // drop directives such as singleton:=true
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + jar, e);
        }
    }
}
