package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The KV configuration calls ({@code mqadmin updateKvConfig / deleteKvConfig}, the order-topic
 * layouts): PUT (100), GET (101, the value in the response header {@code value}), DELETE (102),
 * and a namespace's whole table (219).
 */
final class KvConfigProcessor implements RequestProcessor {

    private final KvConfigTable kvConfig;

    KvConfigProcessor(KvConfigTable kvConfig) {
        this.kvConfig = kvConfig;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        String namespace = header.requiredString("namespace");
        return CompletableFuture.completedFuture(switch (request.code()) {
            case RequestCode.PUT_KV_CONFIG -> {
                kvConfig.put(namespace, header.requiredString("key"), header.requiredString("value"));
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
            }
            case RequestCode.GET_KV_CONFIG -> {
                String key = header.requiredString("key");
                String value = kvConfig.get(namespace, key).orElseThrow(() -> new RequestException(
                        ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace + " Key: " + key));
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS).extField("value", value).build();
            }
            case RequestCode.DELETE_KV_CONFIG -> {
                kvConfig.delete(namespace, header.requiredString("key"));
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
            }
            case RequestCode.GET_KVLIST_BY_NAMESPACE -> {
                Map<String, String> table = kvConfig.namespace(namespace);
                if (table.isEmpty()) {
                    throw new RequestException(ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace);
                }
                yield RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(JsonBody.of(new KvTable(table))).build();
            }
            default -> throw new RequestException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a KV config call");
        });
    }
}
