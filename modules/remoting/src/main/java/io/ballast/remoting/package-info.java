/**
 * The RocketMQ remoting codec: frames on the TCP stream, the two header encodings (JSON and
 * ROCKETMQ binary) and the Netty handlers that turn one into the other. Private to this bundle
 * for now; the server and the request processors come later.
 */
package io.ballast.remoting;
