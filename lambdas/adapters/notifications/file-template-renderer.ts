import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Mustache from "mustache";
import {
  DEFAULT_NOTICE_LANGUAGE,
  type NoticeEvent,
  type NoticeLanguage,
} from "../../domain/notifications/notice-events.js";
import type { NoticeView } from "../../domain/notifications/notice-view.js";
import type { NoticeRenderer, RenderedNotice } from "../../domain/notifications/ports.js";

/** The templates in the repository; a Lambda bundle carries a copy (NOTIFICATION_TEMPLATES_DIR). */
export const SOURCE_TEMPLATES_DIR = fileURLToPath(new URL("../../notification-templates/", import.meta.url));

export class MissingTemplateError extends Error {
  override readonly name = "MissingTemplateError";
  readonly context: Readonly<Record<string, unknown>>;

  constructor(file: string, cause: unknown) {
    super(`notification template ${file} is missing`, { cause });
    this.context = { file };
  }
}

interface TemplateSet {
  subject: string;
  text: string;
  html: string;
}

interface LanguageTemplates {
  textPartials: Record<string, string>;
  htmlPartials: Record<string, string>;
  events: Map<NoticeEvent, TemplateSet>;
}

/** Plain text keeps values as they are; HTML escapes them (Mustache's default). */
const asIs = (value: unknown): string => String(value);

/**
 * Renders notices from plain files with Mustache: `<dir>/<language>/<event>.subject.txt`, `.txt` and
 * `.html`, sharing the `_<name>.txt` / `_<name>.html` partials of their language. Files are read once.
 */
export class FileTemplateRenderer implements NoticeRenderer {
  private readonly languages = new Map<string, Promise<LanguageTemplates>>();

  constructor(private readonly dir: string = SOURCE_TEMPLATES_DIR) {}

  async render(event: NoticeEvent, language: NoticeLanguage, view: NoticeView): Promise<RenderedNotice> {
    const templates = await this.load(language);
    const set = templates.events.get(event) ?? (await this.loadEvent(templates, language, event));
    return {
      subject: Mustache.render(set.subject, view, templates.textPartials, { escape: asIs })
        .replace(/\s+/g, " ")
        .trim(),
      text: Mustache.render(set.text, view, templates.textPartials, { escape: asIs }),
      html: Mustache.render(set.html, view, templates.htmlPartials),
    };
  }

  private load(language: NoticeLanguage): Promise<LanguageTemplates> {
    let loaded = this.languages.get(language);
    if (loaded === undefined) {
      loaded = this.loadPartials(language);
      this.languages.set(language, loaded);
      loaded.catch(() => this.languages.delete(language));
    }
    return loaded;
  }

  private async loadPartials(language: NoticeLanguage): Promise<LanguageTemplates> {
    const dir = join(this.dir, language);
    const files = await readdir(dir).catch((error: unknown) => {
      if (language === DEFAULT_NOTICE_LANGUAGE) throw new MissingTemplateError(dir, error);
      return [];
    });
    const textPartials: Record<string, string> = {};
    const htmlPartials: Record<string, string> = {};
    for (const file of files.filter((name) => name.startsWith("_"))) {
      const content = await readFile(join(dir, file), "utf8");
      if (file.endsWith(".txt")) textPartials[file.slice(1, -".txt".length)] = content;
      if (file.endsWith(".html")) htmlPartials[file.slice(1, -".html".length)] = content;
    }
    return { textPartials, htmlPartials, events: new Map() };
  }

  private async loadEvent(
    templates: LanguageTemplates,
    language: NoticeLanguage,
    event: NoticeEvent,
  ): Promise<TemplateSet> {
    const read = async (suffix: string) => {
      const file = join(this.dir, language, `${event}${suffix}`);
      try {
        return await readFile(file, "utf8");
      } catch (error) {
        throw new MissingTemplateError(file, error);
      }
    };
    const set = { subject: await read(".subject.txt"), text: await read(".txt"), html: await read(".html") };
    templates.events.set(event, set);
    return set;
  }
}
