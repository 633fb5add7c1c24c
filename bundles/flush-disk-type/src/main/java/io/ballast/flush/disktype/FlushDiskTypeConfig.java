package io.ballast.flush.disktype;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The one broker key that picks the flush policy, read from {@code etc/io.ballast.broker.cfg}.
 * A String, not the enum, so that a typo reaches {@link FlushDiskTypeSwitch} and is reported
 * there instead of failing the component's activation.
 */
@ObjectClassDefinition(name = "Ballast flush disk type", description = "Which flush policy answers sends")
public @interface FlushDiskTypeConfig {
    /** The configuration PID of the broker's settings, shared by every component that reads them. */
    String BROKER_PID = "io.ballast.broker";

    @AttributeDefinition(description = "ASYNC_FLUSH (answer after the append) or SYNC_FLUSH (answer after the force)")
    String flushDiskType() default "ASYNC_FLUSH";
}
