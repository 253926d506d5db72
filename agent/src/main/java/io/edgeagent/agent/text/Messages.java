package io.edgeagent.agent.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The technician-facing lines of {@code status}, {@code doctor} and {@code config validate}, in English or, when the
 * environment asks for it ({@code LANG=zh_CN.UTF-8}), in Chinese. Every such line is a key of one resource bundle
 * ({@code messages.properties}, {@code messages_zh.properties}) with numbered placeholders {@code {0}}, {@code {1}};
 * the log and {@code --json} stay English, since journals and scripts are searched in English.
 */
public final class Messages {

    static final String BUNDLE = "io.edgeagent.agent.text.messages";

    /** The environment variables that name the language of messages, strongest first, as POSIX has them. */
    private static final List<String> LANGUAGE_VARIABLES = List.of("LC_ALL", "LC_MESSAGES", "LANG");

    public static final Messages ENGLISH = new Messages(Locale.ROOT, Charset.defaultCharset());

    private final Locale locale;
    private final Charset charset;
    private final ResourceBundle bundle;

    private Messages(Locale locale, Charset charset) {
        this.locale = locale;
        this.charset = charset;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /**
     * Chinese when the first of LC_ALL, LC_MESSAGES and LANG that is set names simplified Chinese ({@code zh_CN},
     * {@code zh_SG} or plain {@code zh}, with any encoding), else English: a terminal set to C, English or another
     * language reads the English that its logs and manuals use.
     */
    public static Messages of(Map<String, String> environment) {
        for (String variable : LANGUAGE_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty()) {
                String[] parts = value.split("@", 2)[0].split("\\.", 2);
                String language = parts[0];
                return language.equals("zh") || language.equals("zh_CN") || language.equals("zh_SG")
                        ? new Messages(Locale.SIMPLIFIED_CHINESE, codeset(parts.length > 1 ? parts[1] : null)) : ENGLISH;
            }
        }
        return ENGLISH;
    }

    /**
     * The terminal's encoding as the variable names it ({@code zh_CN.UTF-8}, {@code zh_CN.GB18030}); glibc's zh_CN
     * without one is GB2312, which GB18030 contains. Taken from the variable rather than from Java's default, which
     * is ASCII wherever that locale is not generated (a fresh Debian), and would print every character as '?'.
     */
    private static Charset codeset(String name) {
        if (name == null) {
            return Charset.forName("GB18030");
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The encoding to write these messages in: the terminal's, for Chinese; Java's default for English. */
    public Charset charset() {
        return charset;
    }

    public boolean isEnglish() {
        return locale.equals(Locale.ROOT);
    }

    /** The text of {@code key} with {@code {0}}, {@code {1}}, ... replaced by {@code args}, each as its toString. */
    public String get(String key, Object... args) {
        String text = bundle.getString(key);
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    /** {@code key.one} for 1, else {@code key.many}, with {@code n} as {@code {0}}. */
    public String count(String key, long n, Object... more) {
        Object[] args = new Object[more.length + 1];
        args[0] = n;
        System.arraycopy(more, 0, args, 1, more.length);
        return get(key + (n == 1 ? ".one" : ".many"), args);
    }
}
