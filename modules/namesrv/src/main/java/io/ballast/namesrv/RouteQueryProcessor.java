package io.ballast.namesrv;

import io.ballast.remoting.RemotingChannel;
import io.ballast.remoting.RemotingCommand;
import io.ballast.remoting.RequestException;
import io.ballast.remoting.RequestHeader;
import io.ballast.remoting.RequestProcessor;
import io.ballast.remoting.protocol.RequestCode;
import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.TopicRouteData;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What clients and admin tools ask of the routes: a topic's route (105, every producer and
 * consumer), cluster info (106, {@code mqadmin clusterList} and every {@code -c} option), the topic
 * lists (206 {@code topicList}, 224 by cluster, 304 system topics), and deleting a topic's routes
 * (216, {@code mqadmin deleteTopic} after the brokers dropped it).
 */
final class RouteQueryProcessor implements RequestProcessor {

    private final RouteTable routes;
    private final KvConfigTable kvConfig;
    private final NameServerSettings settings;

    RouteQueryProcessor(RouteTable routes, KvConfigTable kvConfig, NameServerSettings settings) {
        this.routes = routes;
        this.kvConfig = kvConfig;
        this.settings = settings;
    }

    @Override
    public CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws RequestException {
        return CompletableFuture.completedFuture(switch (request.code()) {
            case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
            case RequestCode.GET_BROKER_CLUSTER_INFO -> success(request, routes.clusterInfo());
            case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER -> success(request, TopicList.of(routes.topics()));
            case RequestCode.GET_TOPICS_BY_CLUSTER -> success(request,
                    TopicList.of(routes.topicsOfCluster(RequestHeader.of(request).requiredString("cluster"))));
            case RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS -> success(request, routes.systemTopics());
            case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(request);
            default -> throw new RequestException(ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not a route query");
        });
    }

    private RemotingCommand route(RemotingCommand request) throws RequestException {
        String topic = RequestHeader.of(request).requiredString("topic");
        TopicRouteData route = routes.route(topic).orElseThrow(() -> new RequestException(ResponseCode.TOPIC_NOT_EXIST,
                "No topic route info in name server for the topic: " + topic));
        if (settings.orderMessageEnable()) {
            String layout = kvConfig.get(KvConfigTable.ORDER_TOPIC_CONFIG, topic).orElse(null);
            route = new TopicRouteData(layout, route.queueDatas(), route.brokerDatas(), route.filterServerTable());
        }
        return success(request, route);
    }

    private RemotingCommand deleteTopic(RemotingCommand request) throws RequestException {
        RequestHeader header = RequestHeader.of(request);
        routes.deleteTopic(header.requiredString("topic"), header.optionalString("clusterName", null));
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).build();
    }

    private static RemotingCommand success(RemotingCommand request, Object body) {
        return RemotingCommand.responseTo(request, ResponseCode.SUCCESS).body(JsonBody.of(body)).build();
    }
}
