package io.ballast.remoting;

import io.ballast.remoting.protocol.ResponseCode;
import io.ballast.remoting.protocol.Versions;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests a peer sends us, the same way on a server and on a client: find the route of
 * the code, run its processor on the route's executor (never on the event loop that read the
 * request), and answer.
 *
 * <p>Answers the event loop gives itself, without a processor: REQUEST_CODE_NOT_SUPPORTED for a
 * code without route, SYSTEM_BUSY {@code [OVERLOAD]} when the route's queue is full. Answers from a
 * processor's stage: its response; RequestException's code and remark; SYSTEM_ERROR for anything
 * else, logged with its stack trace. Every answer is shaped as a response to its request (opaque,
 * response bit, our version, the request's header encoding) whatever the processor set. One-way
 * requests are processed and never answered, not even with an error (wire format §1.5).
 *
 * <p>Ownership: the dispatcher owns each request it is given and releases it once its processor's
 * stage has completed (or at once when there is no processor to run). Thread-safe.
 */
final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final String name;
    private final ProcessorTable processors;

    RequestDispatcher(String name, ProcessorTable processors) {
        this.name = name;
        this.processors = processors;
    }

    /** Called on the event loop; never blocks it. */
    void dispatch(NettyRemotingChannel channel, RemotingCommand request) {
        ProcessorTable.Route route = processors.routeFor(request.code());
        if (route == null) {
            refuse(channel, request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.code() + " is not supported");
            return;
        }
        if (!route.executor().tryExecute(() -> process(channel, request, route.processor()))) {
            refuse(channel, request, ResponseCode.SYSTEM_BUSY, "[OVERLOAD] " + name + " is busy: the queue of executor '"
                    + route.executor().name() + "' is full (" + route.executor().queueCapacity() + "), try again later");
        }
    }

    private void refuse(NettyRemotingChannel channel, RemotingCommand request, int code, String remark) {
        try {
            if (!request.isOneway()) {
                answer(channel, request, RemotingCommand.responseTo(request, code).remark(remark).build());
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    private void process(NettyRemotingChannel channel, RemotingCommand request, RequestProcessor processor) {
        CompletionStage<RemotingCommand> stage;
        try {
            stage = processor.process(channel, request);
            if (stage == null) {
                stage = CompletableFuture.completedFuture(null);
            }
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((response, failure) -> {
            try {
                RemotingCommand answer = failure == null ? response : failureAnswer(channel, request, failure);
                if (answer == null) {
                    return;
                }
                if (request.isOneway()) {
                    answer.release();
                } else {
                    answer(channel, request, answer);
                }
            } finally {
                ReferenceCountUtil.release(request);
            }
        });
    }

    private RemotingCommand failureAnswer(NettyRemotingChannel channel, RemotingCommand request, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RequestException refused) {
            return RemotingCommand.responseTo(request, refused.responseCode()).remark(refused.remark()).build();
        }
        LOG.warn("{}: request code {} from {} failed", name, request.code(), channel.remoteAddress(), cause);
        return RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR).remark(describe(cause)).build();
    }

    /**
     * Writes {@code response} shaped as the answer to {@code request}. A response the encoder
     * cannot write (over 16 MiB, or a field the header cannot hold) is replaced by a SYSTEM_ERROR,
     * so the client hears why instead of waiting for its timeout.
     */
    private void answer(NettyRemotingChannel channel, RemotingCommand request, RemotingCommand response) {
        RemotingCommand shaped = shapedAsAnswer(response, request);
        int code = shaped.code();
        channel.write(shaped).thenAccept(failure -> {
            if (failure == null || failure instanceof ClosedChannelException || !channel.isActive()) {
                return;
            }
            LOG.warn("{}: response code {} to request code {} from {} could not be written", name, code,
                    request.code(), channel.remoteAddress(), failure);
            channel.write(shapedAsAnswer(RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR)
                    .remark("the response could not be sent: " + describe(unwrap(failure))).build(), request));
        });
    }

    /** The fields a client matches and checks (wire format §1.5, §1.7, §6.4); rebuilt only if one is off. */
    static RemotingCommand shapedAsAnswer(RemotingCommand response, RemotingCommand request) {
        int flag = response.flag() | RemotingCommand.RESPONSE_FLAG;
        if (response.opaque() == request.opaque() && response.flag() == flag
                && response.version() == Versions.BALLAST_AS_ROCKETMQ
                && response.headerEncoding() == request.headerEncoding()) {
            return response;
        }
        return response.toBuilder().opaque(request.opaque()).flag(flag).version(Versions.BALLAST_AS_ROCKETMQ)
                .headerEncoding(request.headerEncoding()).build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getClass().getName() + ": " + cause.getMessage();
    }
}
