package io.ballast.remoting;

import java.util.concurrent.CompletionStage;

/**
 * Handles the requests of one or more request codes. A {@link RemotingServer} calls it on the
 * executor the processor was registered with, never on a Netty event loop, so a processor may
 * block briefly (a store append) but should answer slow work (a flush wait, a long poll) through
 * the returned stage instead of holding its thread.
 *
 * <p>The server owns the request: it releases it once the returned stage has completed, so a
 * processor may read the body until then and must {@code retain} a slice it keeps longer.
 */
@FunctionalInterface
public interface RequestProcessor {

    /**
     * @return the response, built with {@link RemotingCommand#responseTo}; the server sets
     *         opaque, flag and version. A stage completing with null sends nothing (right for
     *         one-way requests, which are never answered whatever the stage holds). A stage that
     *         fails with a {@link RequestException} is answered with its code and remark; any
     *         other failure with SYSTEM_ERROR.
     * @throws RequestException for a request that cannot be served (bad header, unknown topic)
     */
    CompletionStage<RemotingCommand> process(RemotingChannel channel, RemotingCommand request) throws Exception;
}
