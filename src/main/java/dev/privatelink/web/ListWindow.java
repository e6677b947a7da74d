package dev.privatelink.web;

/**
 * How much of a list a request asks for. Without {@code pageSize} the whole list comes back, as
 * ClickHouse Cloud's lists do (its clients never follow a page token), bounded by
 * {@link #WHOLE_LIST_LIMIT}: a longer list answers 400 asking for {@code pageSize}. With
 * {@code pageSize}, one keyset page after {@code pageToken}.
 *
 * @param after where the list resumes ({@link PageToken#FIRST} for its start)
 * @param size  the page size, or the limit of a whole list
 * @param whole whether the caller asked for the whole list
 */
public record ListWindow(PageToken after, int size, boolean whole) {

    /** The longest list answered whole; longer ones must be paged. */
    public static final int WHOLE_LIST_LIMIT = 1000;

    /** The whole list when {@code pageSize} is absent, otherwise one page of it. */
    public static ListWindow wholeOrPage(Integer pageSize, String pageToken) {
        PageToken after = PageToken.decode(pageToken);
        return pageSize == null ? new ListWindow(after, WHOLE_LIST_LIMIT, true)
                : new ListWindow(after, PageToken.pageSize(pageSize), false);
    }

    /** One page, of {@link PageToken#DEFAULT_PAGE_SIZE} when {@code pageSize} is absent (the operator's long lists). */
    public static ListWindow page(Integer pageSize, String pageToken) {
        return new ListWindow(PageToken.decode(pageToken), PageToken.pageSize(pageSize), false);
    }

    /** How many items to fetch: one more than asked, to know whether more follow. */
    public int fetchLimit() {
        return size + 1;
    }
}
