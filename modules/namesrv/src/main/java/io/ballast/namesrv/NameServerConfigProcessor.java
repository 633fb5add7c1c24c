package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * {@code mqadmin getNamesrvConfig} (319: the settings as properties text) and
 * {@code updateNamesrvConfig} (318: a properties-text body). An update answers, in its remark,
 * which keys it applied and why it left the others; when it applied none the answer is
 * INVALID_PARAMETER, so a tool does not report success for an update that changed nothing.
 */
final class NameServerConfigProcessor implements RequestProcessor {

    private final NameServerSettings settings;

    NameServerConfigProcessor(NameServerSettings settings) {
        this.settings = settings;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        return CompletableFuture.completedFuture(switch (request.code()) {
            case RequestCode.GET_NAMESRV_CONFIG -> RemotingCommand.responseTo(request, ResponseCode.SUCCESS)
                    .body(Unpooled.copiedBuffer(settings.asPropertiesText(), StandardCharsets.UTF_8))
                    .build();
            case RequestCode.UPDATE_NAMESRV_CONFIG -> update(request);
            default -> throw new RequestException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a name server config call");
        });
    }

    private RemotingCommand update(RemotingCommand request) throws RequestException {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(request.body().toString(StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER,
                    "UPDATE_NAMESRV_CONFIG body is not properties text: " + e.getMessage());
        }
        if (properties.isEmpty()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, "UPDATE_NAMESRV_CONFIG body names no key");
        }
        NameServerSettings.UpdateOutcome outcome = settings.update(properties);
        StringBuilder remark = new StringBuilder("applied: ")
                .append(outcome.applied().isEmpty() ? "none" : outcome.applied().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        if (!outcome.refused().isEmpty()) {
            remark.append("; not applied: ").append(outcome.refused().entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
        }
        if (outcome.applied().isEmpty()) {
            throw new RequestException(ResponseCode.INVALID_PARAMETER, remark.toString());
        }
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).remark(remark.toString()).build();
    }
}
