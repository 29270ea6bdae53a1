/** Exit statuses of the contract (../shared/CONTRACT.md). */
export const EXIT_OK = 0;
/** Bad usage, bad configuration, or an invalid input line. */
export const EXIT_USAGE = 1;
/** The work failed: every feed failed, storage failed, a digest could not be delivered, not a feed. */
export const EXIT_FAILED = 2;
/** `rasid status`: the installation needs attention (failing feeds, stale runs, stuck mail…). */
export const EXIT_ATTENTION = 3;
