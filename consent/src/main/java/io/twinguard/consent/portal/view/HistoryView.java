package io.twinguard.consent.portal.view;

/**
 * One entry of the access history: a call about the citizen, or a change of a consent.
 *
 * @param index the audit log index (the entry's proof is fetched by it)
 * @param time when
 * @param who the calling twin, or the actor of a consent change
 * @param what the purpose of a call, or the consent event
 * @param outcome allow, deny, refused, or the consent's new status
 */
public record HistoryView(long index, String time, String who, String what, String outcome) {}
