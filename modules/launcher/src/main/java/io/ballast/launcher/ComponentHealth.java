package io.ballast.launcher;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Asks SCR which Declarative Services components cannot run. The launcher lives outside the
 * framework and must not share the DS runtime API with it (a second copy of that package on the
 * class path would make the framework's services invisible), so it calls
 * {@code ServiceComponentRuntime} reflectively through the interface the service implements.
 */
final class ComponentHealth {
    static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    private ComponentHealth() {
    }

    /**
     * The components that have a configuration but cannot activate: a missing mandatory service,
     * or an activation that threw. A component waiting for a required configuration is not
     * listed; it is off by configuration, not broken. Null when SCR is not running yet.
     */
    static List<String> problems(BundleContext context) {
        ServiceReference<?> ref = context.getServiceReference(SCR);
        if (ref == null) {
            return null;
        }
        Object scr = context.getService(ref);
        if (scr == null) {
            return null;
        }
        try {
            Class<?> api = apiInterface(scr.getClass());
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Class<?> descriptionType = api.getClassLoader()
                    .loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO");
            Method configurations = api.getMethod("getComponentConfigurationDTOs", descriptionType);
            List<String> problems = new ArrayList<>();
            for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                String name = (String) field(description, "name");
                for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                    int state = (Integer) field(configuration, "state");
                    if (state == UNSATISFIED_REFERENCE) {
                        problems.add("component " + name + " is missing a required service" + unsatisfied(configuration));
                    } else if (state == FAILED_ACTIVATION) {
                        problems.add("component " + name + " failed to activate: " + field(configuration, "failure"));
                    }
                }
            }
            return problems;
        } catch (ReflectiveOperationException e) {
            return List.of("cannot read component states from SCR: " + e);
        } finally {
            context.ungetService(ref);
        }
    }

    private static String unsatisfied(Object configuration) throws ReflectiveOperationException {
        Object[] references = (Object[]) field(configuration, "unsatisfiedReferences");
        List<String> names = new ArrayList<>();
        for (Object reference : references) {
            names.add((String) field(reference, "target") == null
                    ? (String) field(reference, "name")
                    : field(reference, "name") + " " + field(reference, "target"));
        }
        return names.isEmpty() ? "" : " (" + String.join(", ", names) + ")";
    }

    private static Class<?> apiInterface(Class<?> type) throws ClassNotFoundException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(SCR)) {
                    return i;
                }
            }
        }
        throw new ClassNotFoundException(SCR + " not implemented by " + type);
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        Field field = dto.getClass().getField(name);
        return field.get(dto);
    }
}
