package io.ballast.flush.async;

import io.ballast.flush.disktype.FlushDiskType;
import io.ballast.flush.disktype.FlushDiskTypeConfig;
import io.ballast.flush.disktype.FlushDiskTypeSwitch;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Registers {@link AsyncFlush} while {@code flushDiskType} is ASYNC_FLUSH (the default) or an
 * unknown value. The rule is {@link FlushDiskTypeSwitch}'s; this only ties it to this bundle's
 * component context. {@link Modified} keeps it (and so the policy) running across edits of
 * other broker keys.
 */
@Component(configurationPid = FlushDiskTypeConfig.BROKER_PID)
public final class AsyncFlushSelection {
    private final FlushDiskTypeSwitch flushDiskTypeSwitch;

    @Activate
    public AsyncFlushSelection(ComponentContext context, FlushDiskTypeConfig config) {
        flushDiskTypeSwitch = new FlushDiskTypeSwitch(FlushDiskType.ASYNC_FLUSH, AsyncFlush.class.getName(),
                context::enableComponent, context::disableComponent);
        flushDiskTypeSwitch.apply(config.flushDiskType());
    }

    @Modified
    void modified(FlushDiskTypeConfig config) {
        flushDiskTypeSwitch.apply(config.flushDiskType());
    }
}
