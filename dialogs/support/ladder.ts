/**
 * The escalation ladder of a support case, by job: the case rows (case-store.ts), who is paged at
 * each stage (paging-order.ts), what an alert says (alert-text.ts), paging and telling through the
 * outbox (paging.ts), walking the stages (ladder-walk.ts) and the due deadlines
 * (escalation-deadlines.ts). This file is the one door the support flows import through.
 */

export * from './alert-text';
export * from './case-store';
export * from './escalation-deadlines';
export * from './ladder-walk';
export * from './paging';
export * from './paging-order';
export * from './support-texts';
