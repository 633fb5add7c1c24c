package io.ballast.broker;

import io.ballast.spi.flush.FlushPolicy;
import io.ballast.spi.replication.ReplicationStrategy;
import io.ballast.spi.store.MessageStore;
import io.ballast.spi.store.Watermarks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ballast:watermarks} in the console: how far the commitlog got at each step of a
 * message's way to durability, as commitlog offsets, with how many bytes each lags behind what
 * was written. One line per mark:
 * <pre>
 * MARK          OFFSET     LAG    SOURCE
 * written       1048576    0      store io.ballast.store.StoreComponent
 * flushed       1040000    8576   store (forced to disk)
 * acknowledged  1040000    8576   flush io.ballast.flush.async.AsyncFlush
 * replicated    1000000    48576  replication io.ballast.ha.strategy.SyncReplication
 * visible       1000000    48576  store (consumers read below this)
 * </pre>
 * A mark whose service is not bound reads "-". Per-slave offsets are not in the replication SPI,
 * so only the strategy's combined offset shows.
 */
@Component(service = WatermarksCommand.class, property = {"osgi.command.scope=ballast", "osgi.command.function=watermarks"})
public final class WatermarksCommand {
    private final BoundServices bound;

    @Activate
    public WatermarksCommand(@Reference BoundServices bound) {
        this.bound = bound;
    }

    public String watermarks() {
        Optional<ServiceBinding.Bound<MessageStore>> store = bound.store().current();
        if (store.isEmpty()) {
            return "no message store is bound" + (bound.store().swapping() ? " (being swapped)" : "") + "\n";
        }
        Watermarks marks = store.get().service().watermarks();
        long written = marks.written();
        Optional<ServiceBinding.Bound<FlushPolicy>> flush = bound.flush().current();
        Optional<ServiceBinding.Bound<ReplicationStrategy>> replication = bound.replication().current();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MARK", "OFFSET", "LAG", "SOURCE"});
        rows.add(row("written", written, written, "store " + store.get().implementation()));
        rows.add(row("flushed", marks.forced(), written, "store (forced to disk)"));
        rows.add(flush.isPresent()
                ? row("acknowledged", flush.get().service().acknowledgedOffset(), written, "flush " + flush.get().implementation())
                : new String[] {"acknowledged", "-", "-", "no flush policy bound"});
        rows.add(replication.isPresent()
                ? row("replicated", replication.get().service().replicatedOffset(), written,
                        "replication " + replication.get().implementation())
                : new String[] {"replicated", "-", "-", "no replication strategy bound"});
        rows.add(row("visible", marks.visible(), written, "store (consumers read below this)"));
        return ServicesCommand.table(rows);
    }

    private static String[] row(String mark, long offset, long written, String source) {
        return new String[] {mark, Long.toString(offset), Long.toString(Math.max(0, written - offset)), source};
    }
}
