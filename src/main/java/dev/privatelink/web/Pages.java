package dev.privatelink.web;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** Turns a list fetched with one item too many into the answer its {@link ListWindow} asked for. */
public final class Pages {

    private Pages() {
    }

    /**
     * @throws ApiException 400 when the whole list was asked for and it is longer than {@link ListWindow#WHOLE_LIST_LIMIT}
     */
    public static <E, R> Envelope<List<R>> envelope(List<E> fetched, ListWindow window,
                                                    Function<E, Instant> createdAt, Function<E, String> id,
                                                    Function<List<E>, List<R>> views) {
        boolean more = fetched.size() > window.size();
        if (window.whole()) {
            if (more) {
                throw ApiException.badRequest("this list has more than " + ListWindow.WHOLE_LIST_LIMIT
                        + " items; ask for it in pages with pageSize (1 to " + PageToken.MAX_PAGE_SIZE
                        + ") and pageToken (the nextPageToken of the previous page)");
            }
            return Envelope.ok(views.apply(fetched));
        }
        List<E> page = more ? fetched.subList(0, window.size()) : fetched;
        String next = more ? new PageToken(createdAt.apply(page.getLast()), id.apply(page.getLast())).encode() : null;
        return Envelope.page(views.apply(page), next);
    }

    /** {@link #envelope(List, ListWindow, Function, Function, Function)} with one view per item. */
    public static <E, R> Envelope<List<R>> envelopeEach(List<E> fetched, ListWindow window,
                                                        Function<E, Instant> createdAt, Function<E, String> id,
                                                        Function<E, R> view) {
        return envelope(fetched, window, createdAt, id, items -> items.stream().map(view).toList());
    }
}
