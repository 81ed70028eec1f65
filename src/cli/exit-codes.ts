/** Exit codes of every command, as CI reads them (plan's 2 is Terraform's -detailed-exitcode). */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_CHANGES = 2;
