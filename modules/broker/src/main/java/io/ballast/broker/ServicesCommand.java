package io.ballast.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ballast:services} in the console: for each SPI service, the implementation the broker
 * uses (marked "(pinned)" when {@code ballast:swap} pinned it), its ranking, and the other
 * registered implementations it would fall back to; below the table, each service's last swap
 * as it was logged.
 * A Gogo command is a plain service with scope and function properties; no shell API needed.
 */
@Component(service = ServicesCommand.class,
        property = {"osgi.command.scope=ballast", "osgi.command.function=services"})
public final class ServicesCommand {
    private final BoundServices bound;
    private final BundleContext context;

    @Activate
    public ServicesCommand(@Reference BoundServices bound, BundleContext context) {
        this.bound = bound;
        this.context = context;
    }

    public String services() throws InvalidSyntaxException {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "ACTIVE", "RANKING", "ALTERNATIVES"});
        for (BoundServices.Entry entry : bound.entries()) {
            ServiceBinding<?> binding = entry.binding();
            String active = binding.current().map(ServiceBinding.Bound::implementation)
                    .orElse(binding.swapping() ? "(swapping)" : "(none)");
            String ranking = binding.current().map(b -> Integer.toString(b.ranking())).orElse("-");
            List<String> alternatives = new ArrayList<>();
            ServiceReference<?>[] refs = context.getAllServiceReferences(entry.type().getName(), null);
            if (refs != null) {
                Arrays.sort(refs, Comparator.reverseOrder()); // highest ranking first
                for (ServiceReference<?> ref : refs) {
                    String name = String.valueOf(ref.getProperty("component.name"));
                    if (!name.equals(active)) {
                        Object r = ref.getProperty(Constants.SERVICE_RANKING);
                        alternatives.add(name + " (" + (r == null ? 0 : r) + ")");
                    }
                }
            }
            String shown = binding.pinned().filter(active::equals).map(p -> active + " (pinned)").orElse(active);
            rows.add(new String[] {binding.role(), shown, ranking, alternatives.isEmpty() ? "-" : String.join(", ", alternatives)});
        }
        StringBuilder out = new StringBuilder(table(rows)).append("\nLAST SWAPS\n");
        boolean any = false;
        for (BoundServices.Entry entry : bound.entries()) {
            List<ServiceBinding.Swap> swaps = entry.binding().swaps();
            if (!swaps.isEmpty()) {
                out.append(swaps.get(swaps.size() - 1).line()).append('\n');
                any = true;
            }
        }
        return any ? out.toString() : out.append("(none since start)\n").toString();
    }

    static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
