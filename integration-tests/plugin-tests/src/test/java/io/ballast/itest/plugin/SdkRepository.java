package io.ballast.itest.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The io.ballast artifacts a generated plugin project needs, laid out as a Maven local repository
 * without installing anything into the user's: the jars this build just made, with the poms from the
 * source tree. The child Maven uses it as the head of a chained local repository
 * ({@code maven.repo.local}), with the user's repository as its read-only tail, so third-party
 * plugins and dependencies come from where the outer build already put them.
 *
 * <pre>
 * repository/io/ballast/
 *   ballast-parent/V/ballast-parent-V.pom                      spi's and testkit's parent
 *   spi/V/spi-V.pom, spi-V.jar
 *   testkit/V/testkit-V.pom, testkit-V.jar
 *   ballast-plugin-archetype/V/ballast-plugin-archetype-V.pom, .jar
 * </pre>
 */
final class SdkRepository {
    private SdkRepository() {
    }

    /** Lays the artifacts out under {@code repository} and returns it. */
    static Path layOut(Path repository, Path sourceRoot, Path jars, String version) throws IOException {
        put(repository, version, "ballast-parent", sourceRoot.resolve("pom.xml"), null);
        put(repository, version, "spi", sourceRoot.resolve("plugins-sdk/spi/pom.xml"), jars.resolve("spi.jar"));
        put(repository, version, "testkit", sourceRoot.resolve("plugins-sdk/testkit/pom.xml"), jars.resolve("testkit.jar"));
        put(repository, version, "ballast-plugin-archetype", sourceRoot.resolve("plugins-sdk/archetype/pom.xml"),
                jars.resolve("ballast-plugin-archetype.jar"));
        return repository;
    }

    private static void put(Path repository, String version, String artifactId, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repository.resolve("io/ballast").resolve(artifactId).resolve(version));
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
