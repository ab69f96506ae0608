import type { KnownBadGuard } from "../types.js";
import { anySubdomainGuard } from "./any-subdomain.js";
import { caseInsensitiveCompareGuard } from "./case-insensitive-compare.js";
import { dotBoundaryPrefixGuard } from "./dot-boundary-prefix.js";
import { firstListItemGuard } from "./first-list-item.js";
import { hostWithinAllowedHostGuard } from "./host-within-allowed-host.js";
import { httpPreviewSubdomainsGuard } from "./http-preview-subdomains.js";
import { httpUncheckedGuard } from "./http-unchecked.js";
import { joinedStringAllowlistGuard } from "./joined-string-allowlist.js";
import { localhostAnyPortGuard } from "./localhost-any-port.js";
import { missingAwaitGuard } from "./missing-await.js";
import { missingOriginTrustedGuard } from "./missing-origin-trusted.js";
import { nullOriginTrustedGuard } from "./null-origin-trusted.js";
import { offByOneIndexGuard } from "./off-by-one-index.js";
import { percentDecodedCompareGuard } from "./percent-decoded-compare.js";
import { plainErrorRejectGuard } from "./plain-error-reject.js";
import { prefixMatchGuard } from "./prefix-match.js";
import { rawRequestExemptGuard } from "./raw-request-exempt.js";
import { refererFallbackGuard } from "./referer-fallback.js";
import { regexAlternationPrecedenceGuard } from "./regex-alternation-precedence.js";
import { reportOnlyModeGuard } from "./report-only-mode.js";
import { safeMethodsExemptGuard } from "./safe-methods-exempt.js";
import { sampledCheckGuard } from "./sampled-check.js";
import { schemeIgnoredGuard } from "./scheme-ignored.js";
import { secFetchSiteTrustedGuard } from "./sec-fetch-site-trusted.js";
import { substringMatchGuard } from "./substring-match.js";
import { suffixMatchGuard } from "./suffix-match.js";
import { trailingCharsStrippedGuard } from "./trailing-chars-stripped.js";
import { trustedWindowGuard } from "./trusted-window.js";
import { unanchoredRegexGuard } from "./unanchored-regex.js";
import { unconfiguredAllowsAllGuard } from "./unconfigured-allows-all.js";
import { unescapedDotRegexGuard } from "./unescaped-dot-regex.js";
import { urlOriginCompareGuard } from "./url-origin-compare.js";
import { websocketUncheckedGuard } from "./websocket-unchecked.js";
import { wildcardLooseLabelGuard } from "./wildcard-loose-label.js";
import { wildcardSuffixOnlyGuard } from "./wildcard-suffix-only.js";

/** Mutants: guards with one realistic bug each (see each file's header). */
export const KNOWN_BAD_GUARDS: readonly KnownBadGuard[] = [
  caseInsensitiveCompareGuard,
  urlOriginCompareGuard,
  prefixMatchGuard,
  suffixMatchGuard,
  substringMatchGuard,
  unanchoredRegexGuard,
  unescapedDotRegexGuard,
  anySubdomainGuard,
  missingOriginTrustedGuard,
  nullOriginTrustedGuard,
  trailingCharsStrippedGuard,
  localhostAnyPortGuard,
  schemeIgnoredGuard,
  websocketUncheckedGuard,
  httpUncheckedGuard,
  trustedWindowGuard,
  firstListItemGuard,
  plainErrorRejectGuard,
  sampledCheckGuard,
  joinedStringAllowlistGuard,
  wildcardSuffixOnlyGuard,
  rawRequestExemptGuard,
  safeMethodsExemptGuard,
  reportOnlyModeGuard,
  missingAwaitGuard,
  offByOneIndexGuard,
  regexAlternationPrecedenceGuard,
  wildcardLooseLabelGuard,
  percentDecodedCompareGuard,
  dotBoundaryPrefixGuard,
  httpPreviewSubdomainsGuard,
  unconfiguredAllowsAllGuard,
  hostWithinAllowedHostGuard,
  refererFallbackGuard,
  secFetchSiteTrustedGuard,
];
