package com.compromisedcredentials.flag;

/** What came of a batch's subjects, after duplicates were folded. */
public record BatchCounts(int received, int matched, int unmatched, int excluded, int newlyFlagged, int alreadyFlagged) {
}
