package io.ballast.itest.osgi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Which Declarative Services components cannot run, asked of SCR through the typed runtime API.
 * Only loaded inside the framework (the probe imports the DS API from its bundle); the host-side
 * class path does not have it, so no test class names these types in a field or signature.
 */
final class ComponentStates {

    private ComponentStates() {
    }

    /**
     * A component with a configuration that is missing a mandatory service or whose activation
     * threw. One waiting for a required configuration has no configuration DTO and is not listed:
     * it is off by configuration, not broken (the launcher's rule too).
     */
    static List<String> broken(BundleContext context) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        if (ref == null) {
            return List.of("no ServiceComponentRuntime service: the DS runtime (SCR) is not running");
        }
        ServiceComponentRuntime scr = context.getService(ref);
        try {
            List<String> problems = new ArrayList<>();
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                        problems.add(description.name + " is UNSATISFIED_REFERENCE, missing "
                                + unsatisfied(configuration.unsatisfiedReferences));
                    } else if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        problems.add(description.name + " is FAILED_ACTIVATION: " + configuration.failure);
                    }
                }
            }
            return problems;
        } finally {
            context.ungetService(ref);
        }
    }

    private static String unsatisfied(UnsatisfiedReferenceDTO[] references) {
        return Arrays.stream(references)
                .map(r -> r.target == null ? r.name : r.name + " " + r.target)
                .toList()
                .toString();
    }
}
