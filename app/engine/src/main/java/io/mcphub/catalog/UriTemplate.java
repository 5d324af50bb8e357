package io.mcphub.catalog;

import java.util.regex.Pattern;

/** Enough of RFC 6570 to tell whether a URI could come from a template: each {expression} matches a segment run. */
final class UriTemplate {
    private final Pattern pattern;

    UriTemplate(String template) {
        StringBuilder regex = new StringBuilder("^");
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            regex.append(Pattern.quote(template.substring(i, open)));
            int close = template.indexOf('}', open);
            if (close < 0) {
                regex.append(Pattern.quote(template.substring(open)));
                break;
            }
            char op = close > open + 1 ? template.charAt(open + 1) : ' ';
            // reserved (+) and fragment (#) expansions may contain '/', the others may not
            regex.append(op == '+' || op == '#' ? ".*" : op == '?' || op == '&' ? "(?:[?&][^#]*)?" : "[^/?#]*");
            i = close + 1;
        }
        this.pattern = Pattern.compile(regex.append("$").toString());
    }

    boolean matches(String uri) {
        return pattern.matcher(uri).matches();
    }
}
