/**
 * How many of one status's decisions of the week go into the QA sample: 10 % (rounded up), at least
 * 5 and at most 25; all of them when there are 5 or fewer. Applied to approved and blocked apart,
 * so a week with many approvals still has its few blocks reviewed.
 */
export const SAMPLE_RULE = { percent: 10, min: 5, max: 25 } as const;

export function sampleSizeFor(decisions: number): number {
  if (decisions <= SAMPLE_RULE.min) return decisions;
  const share = Math.ceil((decisions * SAMPLE_RULE.percent) / 100);
  return Math.min(SAMPLE_RULE.max, Math.max(SAMPLE_RULE.min, share));
}
