package io.ballast.broker.admin;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link AdminHarness} over its own folder for each test. */
abstract class AdminTest {
    @TempDir
    Path dir;
    AdminHarness admin;

    @BeforeEach
    void openAdmin() throws Exception {
        admin = new AdminHarness(dir);
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }
}
