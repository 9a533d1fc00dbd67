import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "@jest/globals";

// The README is the front door and docs/ holds the reference; a moved or renamed page must not leave
// dead links behind. Links leaving the repository (e.g. the team's shared DESIGN.md) are not checked:
// a clone of the repository does not have them.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const README_MAX_LINES = 200;

interface Link {
  readonly from: string;
  readonly target: string;
}

/** Markdown files whose links are checked, relative to the repository root. */
async function documentationFiles(): Promise<string[]> {
  const pages = (await readdir(join(ROOT, "docs"))).filter((name) => name.endsWith(".md")).sort();
  return ["README.md", ...pages.map((name) => `docs/${name}`)];
}

/** Fenced code blocks and inline code hold examples, not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

function linksOf(from: string, markdown: string): Link[] {
  const prose = withoutCode(markdown);
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const references = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map(
    (m) => m[1]!,
  );
  return [...inline, ...references].map((target) => ({ from, target }));
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[`*_]/g, "");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

function insideRepository(path: string): boolean {
  const fromRoot = relative(ROOT, path);
  return fromRoot !== ".." && !fromRoot.startsWith(`..${sep}`);
}

/** Every broken link, one readable line each: "docs/x.md → y.md: no such file". */
async function brokenLinks(): Promise<string[]> {
  const files = await documentationFiles();
  const broken: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsAt = async (path: string): Promise<Set<string>> => {
    const cached = anchorCache.get(path);
    if (cached !== undefined) return cached;
    const anchors = anchorsOf(await readFile(path, "utf8"));
    anchorCache.set(path, anchors);
    return anchors;
  };
  for (const file of files) {
    const markdown = await readFile(join(ROOT, file), "utf8");
    for (const { from, target } of linksOf(file, markdown)) {
      if (isExternal(target)) continue;
      const [pathPart = "", anchor] = target.split("#", 2);
      const path =
        pathPart === "" ? join(ROOT, from) : resolve(dirname(join(ROOT, from)), decodeURI(pathPart));
      if (!insideRepository(path)) continue;
      if (!existsSync(path)) {
        broken.push(`${from} → ${target}: no such file`);
        continue;
      }
      if (
        anchor !== undefined &&
        anchor !== "" &&
        path.endsWith(".md") &&
        !(await anchorsAt(path)).has(anchor)
      ) {
        broken.push(`${from} → ${target}: no heading with anchor #${anchor}`);
      }
    }
  }
  return broken;
}

describe("documentation", () => {
  it(`keeps README.md a front door: under ${README_MAX_LINES} lines`, async () => {
    const lines = (await readFile(join(ROOT, "README.md"), "utf8")).trimEnd().split("\n").length;
    expect(lines).toBeLessThan(README_MAX_LINES);
  });

  it("has no relative link in README.md or docs/*.md to a missing file or heading", async () => {
    expect(await brokenLinks()).toEqual([]);
  });

  it("lists every docs/ page in the index, docs/README.md", async () => {
    const index = await readFile(join(ROOT, "docs/README.md"), "utf8");
    const linked = new Set(
      linksOf("docs/README.md", index).map(({ target }) => target.split("#", 1)[0]!.replace(/^\.\//, "")),
    );
    const pages = (await documentationFiles())
      .filter((file) => file.startsWith("docs/") && file !== "docs/README.md")
      .map((file) => file.slice("docs/".length));
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });

  it("finds broken links, so the check above can fail", () => {
    expect(linksOf("x.md", "[a](missing.md) `[b](code.md)`\n```\n[c](fenced.md)\n```\n[d]: ref.md")).toEqual([
      { from: "x.md", target: "missing.md" },
      { from: "x.md", target: "ref.md" },
    ]);
    expect([
      ...anchorsOf("# Gas (`bench:gas`)\n## Rate limits\n## Rate limits\n```\n# not a heading\n```"),
    ]).toEqual(["gas-benchgas", "rate-limits", "rate-limits-1"]);
  });
});
