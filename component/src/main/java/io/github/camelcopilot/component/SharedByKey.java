package io.github.camelcopilot.component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What endpoints with equal settings share (a transport, an MSAL application): made for the first endpoint that
 * starts with the key, released when the last one stops, so that {@code toD} with varying options does not
 * accumulate them.
 */
final class SharedByKey<K, V> {

    private record Entry<V>(V value, int users) {
    }

    private final Map<K, Entry<V>> entries = new HashMap<>();
    private final Consumer<V> release;

    SharedByKey(Consumer<V> release) {
        this.release = release;
    }

    synchronized V acquire(K key, Function<K, V> create) {
        Entry<V> entry = entries.get(key);
        V value = entry != null ? entry.value() : create.apply(key);
        entries.put(key, new Entry<>(value, entry == null ? 1 : entry.users() + 1));
        return value;
    }

    synchronized void release(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return; // released by clear() already
        }
        if (entry.users() > 1) {
            entries.put(key, new Entry<>(entry.value(), entry.users() - 1));
        } else {
            entries.remove(key);
            release.accept(entry.value());
        }
    }

    /** Releases everything, whoever still uses it: the owner is stopping. */
    synchronized void clear() {
        List<V> values = values();
        entries.clear();
        values.forEach(release);
    }

    synchronized List<V> values() {
        return entries.values().stream().map(Entry::value).toList();
    }
}
