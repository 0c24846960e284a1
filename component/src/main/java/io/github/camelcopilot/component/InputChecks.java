package io.github.camelcopilot.component;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.camel.util.ObjectHelper;

/**
 * Checks of what goes into a request, done before anything is sent. Each returns null when the value is fine, or a
 * sentence saying what is wrong; values are quoted only when they cannot be secret.
 */
final class InputChecks {

    /** A conversation id ends up in the URL path: one safe segment only (GUIDs and similar). */
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,255}");
    private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds();
    private static final int MAX_QUOTED = 80;

    private InputChecks() {
    }

    static String checkConversationId(String id) {
        if (ObjectHelper.isEmpty(id)) {
            return "the conversation id is empty";
        }
        if (!SAFE_SEGMENT.matcher(id).matches() || id.contains("..")) {
            return "the conversation id '" + quote(id) + "' is not a single safe path segment (letters, digits,"
                   + " '-', '_', '.', '~'; at most 256 characters)";
        }
        return null;
    }

    static String checkTimeZone(String zone) {
        if (ObjectHelper.isEmpty(zone)) {
            return "the time zone is empty";
        }
        if (!IANA_ZONES.contains(zone)) {
            return "the time zone '" + quote(zone) + "' is not an IANA time zone id such as Europe/Berlin or"
                   + " America/New_York" + (zone.contains(" ") ? " (Windows names are refused by the service)" : "");
        }
        return null;
    }

    static String checkFileUri(String uri) {
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || parsed.getHost() == null) {
                return "the file '" + quote(uri) + "' is not an absolute http(s) URL of a OneDrive or SharePoint file";
            }
            return null;
        } catch (URISyntaxException e) {
            return "the file '" + quote(uri) + "' is not a valid URL (" + e.getReason() + ")";
        }
    }

    /** The non-blank items of a comma-separated option or header, trimmed. */
    static List<String> commaSeparated(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    /** The JVM's zone when it is an IANA id; UTC otherwise (a container may report an offset such as GMT+01:00). */
    static String defaultTimeZone() {
        String zone = ZoneId.systemDefault().getId();
        return IANA_ZONES.contains(zone) ? zone : "UTC";
    }

    private static String quote(String value) {
        String flat = value.replaceAll("\\p{Cntrl}", "?");
        return flat.length() > MAX_QUOTED ? flat.substring(0, MAX_QUOTED) + "..." : flat;
    }
}
