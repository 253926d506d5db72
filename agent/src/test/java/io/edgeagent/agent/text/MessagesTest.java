package io.edgeagent.agent.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The technician's messages: one bundle, every key in both languages, the language the environment asks for. */
class MessagesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    @Test
    void everyKeyIsInBothLanguagesWithTheSamePlaceholders() throws IOException {
        Properties english = load("messages.properties");
        Properties chinese = load("messages_zh.properties");
        assertEquals(new TreeSet<>(english.stringPropertyNames()), new TreeSet<>(chinese.stringPropertyNames()),
                "the keys of messages.properties and messages_zh.properties");
        Map<String, String> mismatched = new TreeMap<>();
        for (String key : english.stringPropertyNames()) {
            Set<String> en = placeholders(english.getProperty(key));
            Set<String> zh = placeholders(chinese.getProperty(key));
            if (!en.equals(zh)) {
                mismatched.put(key, en + " against " + zh);
            }
            assertFalse(chinese.getProperty(key).isBlank(), key);
        }
        assertTrue(mismatched.isEmpty(), "placeholders differ (English against Chinese): " + mismatched);
    }

    @Test
    void aCountHasItsSingularAndItsPlural() throws IOException {
        Properties english = load("messages.properties");
        for (String key : english.stringPropertyNames()) {
            if (key.endsWith(".one")) {
                String many = key.substring(0, key.length() - ".one".length()) + ".many";
                assertTrue(english.containsKey(many), key + " without " + many);
            }
        }
    }

    /** POSIX: LC_ALL, then LC_MESSAGES, then LANG; the first one set decides (XBD 8.2). */
    @Test
    void theFirstLanguageVariableSetDecidesAndOnlySimplifiedChineseIsChinese() {
        assertTrue(Messages.of(Map.of()).isEnglish(), "no variable: English");
        assertFalse(Messages.of(Map.of("LANG", "zh_CN.UTF-8")).isEnglish());
        assertFalse(Messages.of(Map.of("LANG", "zh_CN.GB18030")).isEnglish());
        assertFalse(Messages.of(Map.of("LANG", "zh_SG.UTF-8")).isEnglish());
        assertFalse(Messages.of(Map.of("LANG", "en_US.UTF-8", "LC_MESSAGES", "zh_CN.UTF-8")).isEnglish());
        assertTrue(Messages.of(Map.of("LANG", "zh_CN.UTF-8", "LC_ALL", "C")).isEnglish(), "LC_ALL=C wins");
        assertFalse(Messages.of(Map.of("LANG", "zh_CN.UTF-8", "LC_ALL", "")).isEnglish(), "an empty LC_ALL is not set");
        assertTrue(Messages.of(Map.of("LANG", "C.UTF-8")).isEnglish());
        assertTrue(Messages.of(Map.of("LANG", "de_DE.UTF-8")).isEnglish(), "a language we do not speak: English");
        assertTrue(Messages.of(Map.of("LANG", "zh_TW.UTF-8")).isEnglish(), "traditional Chinese is not ours");
    }

    /** The terminal's encoding is the variable's codeset, whether or not the system has that locale generated. */
    @Test
    void chineseIsWrittenInTheEncodingTheVariableNames() {
        assertEquals(StandardCharsets.UTF_8, Messages.of(Map.of("LANG", "zh_CN.UTF-8")).charset());
        assertEquals(StandardCharsets.UTF_8, Messages.of(Map.of("LANG", "zh_CN.utf8")).charset());
        assertEquals("GB18030", Messages.of(Map.of("LANG", "zh_CN.GB18030")).charset().name());
        assertEquals("GBK", Messages.of(Map.of("LC_ALL", "zh_CN.GBK")).charset().name());
        assertEquals("GB18030", Messages.of(Map.of("LANG", "zh_CN")).charset().name(), "glibc's zh_CN is GB2312");
    }

    @Test
    void placeholdersAreFilledInOrderAndCountsChooseTheirForm() {
        Messages zh = Messages.of(Map.of("LANG", "zh_CN.UTF-8"));
        assertEquals("imm-01 has changed since the agent started: it still runs the old one",
                Messages.ENGLISH.get("doctor.agent.configChanged", "imm-01"));
        assertEquals("1 warning", Messages.ENGLISH.count("validate.warnings", 1));
        assertEquals("2 warnings", Messages.ENGLISH.count("validate.warnings", 2));
        assertEquals("2 条警告", zh.count("validate.warnings", 2));
        assertEquals("agent.yaml 有 3 处错误", zh.get("validate.failed", zh.count("validate.problems", 3), "agent.yaml"));
    }

    @Test
    void aChineseCharacterTakesTwoColumns() {
        assertEquals(6, HumanText.width("imm-01"));
        assertEquals(4, HumanText.width("机台"));
        assertEquals(7, HumanText.width("点位：a"), "a fullwidth colon is wide too");
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
