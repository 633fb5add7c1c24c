package io.ballast.launcher;

import java.util.HashMap;
import java.util.Map;

/** The Felix launch properties for one instance. */
final class FrameworkConfig {

    private FrameworkConfig() {
    }

    static Map<String, String> of(InstanceDirs dirs, LaunchOptions options) {
        Map<String, String> p = new HashMap<>();
        p.put("org.osgi.framework.storage", dirs.data().resolve("cache").resolve("felix").toString());
        // system/ is the truth on every start: a rebuilt distribution never runs stale bundles.
        p.put("org.osgi.framework.storage.clean", "onFirstInit");
        p.put("org.osgi.framework.startlevel.beginning", Integer.toString(StartLevels.DEPLOY));
        p.put("felix.log.level", "1");

        // FileInstall's own watcher: ConfigAdmin files in etc/. The deploy/ watcher is a second
        // FileInstall configuration in etc/org.apache.felix.fileinstall-deploy.cfg.
        p.put("felix.fileinstall.dir", dirs.etc().toString());
        p.put("felix.fileinstall.filter", ".*\\.cfg");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.start.level", Integer.toString(StartLevels.DEPLOY));
        p.put("felix.fileinstall.log.level", "2");
        // FileInstall would write every ConfigAdmin change back into its etc/ file in place, and its
        // own poller can read that file truncated and apply it as the whole configuration; a CI run
        // saw a console swap undone a moment after it took effect, which this race explains. So
        // configuration only flows from files: the broker edits etc/ itself, replacing the file
        // whole (io.ballast.etc.CfgFile), and FileInstall applies the edit.
        p.put("felix.fileinstall.enableConfigSave", "false");

        // Gogo runs without a terminal; operators attach with bin/ballast console.
        p.put("gosh.args", "--nointeractive");

        p.put("ballast.home", dirs.home().toString());
        p.put("ballast.base", dirs.base().toString());
        p.put("ballast.etc", dirs.etc().toString());
        p.put("ballast.data", dirs.data().toString());
        p.put("ballast.logs", dirs.logs().toString());
        p.put("ballast.deploy", dirs.deploy().toString());
        p.put("ballast.roles", options.rolesProperty());
        return p;
    }
}
