package io.ballast.broker.admin;

import io.ballast.broker.config.BrokerKey;
import io.ballast.broker.config.BrokerSettings;
import io.ballast.broker.server.BrokerContext;
import io.ballast.broker.server.Lane;
import io.ballast.broker.server.ProcessorTable;
import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.DataVersion;
import io.ballast.remoting.protocol.Json;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mqadmin updateBrokerConfig (25) and getBrokerConfig (26). An update is validated against the
 * {@link BrokerKey} catalog, stored through the {@link BrokerConfigUpdater} (so it persists and
 * reaches the broker as an edit of etc/ would), and answered with which keys took effect.
 */
final class BrokerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);
    /** ConfigAdmin's and FileInstall's own properties: not broker.conf keys. */
    private static final String[] FRAMEWORK_PREFIXES = {"service.", "felix.", "component.", "osgi."};

    /** The settings last reported, with the version GET_BROKER_CONFIG gives them. */
    private record Seen(BrokerSettings settings, DataVersion version) {
    }

    private final BrokerContext context;
    private final BrokerConfigUpdater updater;
    private Seen seen;

    BrokerConfiguration(BrokerContext context, BrokerConfigUpdater updater) {
        this.context = context;
        this.updater = updater;
    }

    void register(ProcessorTable table) {
        table.register(RequestCode.UPDATE_BROKER_CONFIG, this::update, Lane.ADMIN);
        table.register(RequestCode.GET_BROKER_CONFIG, this::get, Lane.ADMIN);
    }

    CompletionStage<RemotingCommand> update(RemotingChannel channel, RemotingCommand request) throws RequestException {
        ConfigChange change;
        try {
            change = ConfigChange.of(PropertiesText.parse(Answers.text(request)));
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, e.getMessage());
        }
        String refusal = change.refusal().orElse(null);
        if (refusal != null) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, refusal);
        }
        try {
            updater.update(change.changes());
            // ConfigAdmin reconfigures the components asynchronously; the live keys apply to the
            // next request from now, so a GET_BROKER_CONFIG right after this answer shows them.
            context.settings().replace(context.settings().current().with(change.changes()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("UPDATE_BROKER_CONFIG from {} could not be stored", channel.remoteAddress(), e);
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "the configuration could not be stored: " + e.getMessage());
        }
        LOG.info("Broker configuration changed by {}: {} ({})", channel.remoteAddress(), change.changes(), change.remark());
        return Answers.success(request, change.remark());
    }

    CompletionStage<RemotingCommand> get(RemotingChannel channel, RemotingCommand request) {
        BrokerSettings settings = context.settings().current();
        Map<String, String> effective = effective(settings);
        return CompletableFuture.completedFuture(RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                .extField("version", new String(Json.write(version(settings)), StandardCharsets.UTF_8))
                .body(Unpooled.wrappedBuffer(PropertiesText.format(effective).getBytes(StandardCharsets.UTF_8)))
                .build());
    }

    /** Every catalog key with its value or default, and every other configured broker.conf key. */
    static Map<String, String> effective(BrokerSettings settings) {
        Map<String, String> effective = new TreeMap<>();
        settings.configured().forEach((k, v) -> {
            if (!isFrameworkKey(k)) {
                effective.put(k, v);
            }
        });
        for (BrokerKey key : BrokerKey.values()) {
            effective.put(key.key(), settings.string(key));
        }
        return effective;
    }

    private static boolean isFrameworkKey(String key) {
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A new version each time the settings in force differ from those last reported. */
    private synchronized DataVersion version(BrokerSettings settings) {
        if (seen == null) {
            seen = new Seen(settings, DataVersion.first());
        } else if (!seen.settings().equals(settings)) {
            seen = new Seen(settings, seen.version().next());
        }
        return seen.version();
    }
}
