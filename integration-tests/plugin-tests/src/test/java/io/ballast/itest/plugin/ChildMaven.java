package io.ballast.itest.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's Maven wrapper run as a plugin author would run Maven, in a child process with a
 * time limit. Its local repository is chained: {@code head} (this test's, holding the io.ballast
 * artifacts) in front of the outer build's repository as a read-only tail, so nothing is installed
 * into the user's repository and what the outer build downloaded is not downloaded again.
 */
final class ChildMaven {
    record Run(int exitCode, String output) {
    }

    private final Path wrapper;
    private final Path head;
    private final Path tail;
    private final boolean offline;

    ChildMaven(Path wrapper, Path head, Path tail, boolean offline) {
        this.wrapper = wrapper;
        this.head = head;
        this.tail = tail;
        this.offline = offline;
    }

    /** Runs {@code mvnw ARGS} in {@code dir}; the process is killed and the test failed after {@code limit}. */
    Run run(Path dir, Duration limit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(wrapper.toString(), "-B", "-Dmaven.repo.local=" + head,
                "-Dmaven.repo.local.tail=" + tail));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of(args));
        Path log = Files.createTempFile(head.getParent(), "maven-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        // the outer Maven's own settings of its project directory must not leak into the child's
        environment.keySet().removeIf(name -> name.startsWith("MAVEN_") && !name.equals("MAVEN_OPTS"));
        Process process = builder.start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("mvnw " + String.join(" ", args) + " did not finish within " + limit.toMinutes()
                    + " min:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
