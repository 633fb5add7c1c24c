package io.ballast.flush.sync;

import io.ballast.flush.disktype.FlushDiskType;
import io.ballast.flush.disktype.FlushDiskTypeConfig;
import io.ballast.flush.disktype.FlushDiskTypeSwitch;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Registers {@link GroupCommitFlush} while {@code flushDiskType = SYNC_FLUSH}. The rule is
 * {@link FlushDiskTypeSwitch}'s; this only ties it to this bundle's component context.
 * {@link Modified} keeps it (and so the policy) running across edits of other broker keys.
 */
@Component(configurationPid = FlushDiskTypeConfig.BROKER_PID)
public final class GroupCommitSelection {
    private final FlushDiskTypeSwitch flushDiskTypeSwitch;

    @Activate
    public GroupCommitSelection(ComponentContext context, FlushDiskTypeConfig config) {
        flushDiskTypeSwitch = new FlushDiskTypeSwitch(FlushDiskType.SYNC_FLUSH, GroupCommitFlush.class.getName(),
                context::enableComponent, context::disableComponent);
        flushDiskTypeSwitch.apply(config.flushDiskType());
    }

    @Modified
    void modified(FlushDiskTypeConfig config) {
        flushDiskTypeSwitch.apply(config.flushDiskType());
    }
}
