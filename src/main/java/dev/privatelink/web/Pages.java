package dev.privatelink.web;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Cuts a list fetched with one item too many into a page and the token for the next one. */
public final class Pages {

    private Pages() {
    }

    public static <E, R> Envelope<List<R>> envelope(List<E> fetched, int pageSize,
                                                    Function<E, Instant> createdAt, Function<E, String> id,
                                                    Function<E, R> view) {
        boolean more = fetched.size() > pageSize;
        List<E> page = more ? fetched.subList(0, pageSize) : fetched;
        String next = more ? new PageToken(createdAt.apply(page.getLast()), id.apply(page.getLast())).encode() : null;
        return Envelope.page(page.stream().map(view).toList(), next);
    }
}
