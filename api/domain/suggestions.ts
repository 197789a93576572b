/**
 * Ranks reply templates for a post. For now: templates sharing more words (title and tags) with
 * the post first, then the team's most used; templates that cannot be filled for this post (a
 * variable with no value, e.g. a case number before there is a case) are left out.
 */
import { renderTemplate, type TemplateValues } from './templates.js';

export interface RankableTemplate {
  id: string;
  title: string;
  body: string;
  tags: string[];
  usageCount: number;
}

export interface RankedSuggestion {
  templateId: string;
  title: string;
  text: string;
}

const words = (text: string) => new Set(text.toLowerCase().normalize('NFKD').match(/\p{L}[\p{L}\p{N}'-]{2,}/gu) ?? []);

export function rankSuggestions(templates: RankableTemplate[], values: TemplateValues, postText: string, limit = 5): RankedSuggestion[] {
  const inPost = words(postText);
  const scored = [];
  for (const template of templates) {
    const rendered = renderTemplate(template.body, values);
    if (!rendered.ok) continue;
    let shared = 0;
    for (const word of words(`${template.title} ${template.tags.join(' ')}`)) if (inPost.has(word)) shared += 1;
    scored.push({ template, text: rendered.text, shared });
  }
  scored.sort((a, b) => b.shared - a.shared || b.template.usageCount - a.template.usageCount || a.template.title.localeCompare(b.template.title));
  return scored.slice(0, limit).map(({ template, text }) => ({ templateId: template.id, title: template.title, text }));
}
