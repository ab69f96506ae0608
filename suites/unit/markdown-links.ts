/**
 * Relative links in Markdown files, and whether each resolves: the file must
 * exist, and an `#anchor` must be a heading of the target (GitHub's slugs,
 * github-slugger). External links (a scheme, or `//`) are not followed: no network.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import GithubSlugger from "github-slugger";

export interface MarkdownLink {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

export interface BrokenLink extends MarkdownLink {
  readonly problem: string;
}

/** Markdown outside fenced code blocks, with inline code blanked (a link inside backticks is text). */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line.replace(/`[^`]*`/g, (code) => " ".repeat(code.length));
  });
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");

/** Inline links and images `[text](target "title")`, and reference definitions `[id]: target`. */
export function linksIn(file: string, text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(text).forEach((line, index) => {
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ file, line: index + 1, target: match[1]! });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(line);
    if (definition) links.push({ file, line: index + 1, target: definition[1]! });
  });
  return links.filter((link) => !isExternal(link.target));
}

/** The anchors GitHub gives a Markdown file's headings (ATX headings outside code; duplicates numbered). */
export function anchorsOf(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    // GitHub slugs the rendered text: a link keeps only its text.
    if (heading) anchors.add(slugger.slug(heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")));
  }
  return anchors;
}

/** Every relative link of `files` that does not resolve, with why. `root` only shortens the names shown. */
export function brokenLinks(files: readonly string[], root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    for (const link of linksIn(relative(root, file), readFileSync(file, "utf8"))) {
      const [path = "", anchor] = link.target.split("#", 2) as [string, string | undefined];
      const target = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
      if (!existsSync(target)) {
        broken.push({ ...link, problem: `${relative(root, target)} does not exist` });
        continue;
      }
      if (anchor === undefined || anchor === "" || statSync(target).isDirectory() || !target.endsWith(".md")) continue;
      if (!anchorsOf(readFileSync(target, "utf8")).has(decodeURIComponent(anchor))) broken.push({ ...link, problem: `${relative(root, target)} has no heading #${anchor}` });
    }
  }
  return broken;
}

/** README.md and every Markdown file under docs/. */
export function documentationFiles(root: string): string[] {
  const docs = join(root, "docs");
  const pages = readdirSync(docs).filter((name) => name.endsWith(".md")).sort();
  return [join(root, "README.md"), ...pages.map((name) => join(docs, name))];
}
