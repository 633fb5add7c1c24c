package io.ballast.broker.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesTextTest {

    @Test
    void formattedTextParsesBackToTheSameValues() {
        Map<String, String> values = Map.of("storePathRootDir", "C:\\store\\a b", "namesrvAddr", "1.2.3.4:9876;5.6.7.8:9876",
                "odd key=x", "line1\nline2", "messageDelayLevel", "1s 5s", "lead", " padded");
        Map<String, String> back = PropertiesText.parse(PropertiesText.format(values));
        assertEquals(Map.of("storePathRootDir", "C:\\store\\a b", "namesrvAddr", "1.2.3.4:9876;5.6.7.8:9876",
                "odd key=x", "line1\nline2", "messageDelayLevel", "1s 5s", "lead", "padded"), back);
    }

    @Test
    void commentsAndBlankLinesAreNotKeys() {
        assertEquals(Map.of("a", "1"), PropertiesText.parse("# comment\n\n a = 1 \n"));
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PropertiesText.parse("a=\\uZZZZ"));
    }
}
