package io.ballast.broker.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ballast.remoting.RequestException;
import io.ballast.remoting.protocol.ResponseCode;
import org.junit.jupiter.api.Test;

class TagFilterTest {
    @Test
    void starEmptyAndNullMatchEverything() throws Exception {
        for (String expression : new String[] {"*", " * ", "", null}) {
            TagFilter filter = TagFilter.parse("TAG", expression);
            assertTrue(filter.matchesAll());
            assertTrue(filter.matches(0));
        }
        assertTrue(TagFilter.parse(null, "*").matchesAll(), "no expression type means TAG");
    }

    @Test
    void tagsSeparatedByBarsMatchTheirHashCodes() throws Exception {
        TagFilter filter = TagFilter.parse("TAG", "a || b ||c");
        assertTrue(filter.matches("a".hashCode()));
        assertTrue(filter.matches("b".hashCode()));
        assertTrue(filter.matches("c".hashCode()));
        assertFalse(filter.matches("d".hashCode()));
        assertFalse(filter.matches(0), "an untagged message does not match a tag list");
    }

    @Test
    void sql92IsRefusedWithASystemErrorNamingIt() {
        RequestException e = assertThrows(RequestException.class, () -> TagFilter.parse("SQL92", "a > 1"));
        assertEquals(ResponseCode.SYSTEM_ERROR, e.responseCode());
        assertTrue(e.remark().contains("SQL92"));
    }
}
