package io.ballast.ha.link;

import java.util.List;

/** What a slave says about itself before streaming starts (layout in {@link LinkProtocol}). */
record SlaveHello(String cluster, String brokerName, long brokerId, long maxOffset, List<LogBlock> blocks, byte[] mac) {
    SlaveHello {
        blocks = List.copyOf(blocks);
    }
}
