// Podcast and aggregator feeds often leave the standard fields empty or pointing elsewhere:
// episodes describe themselves in iTunes, Google Play or Media RSS elements instead of
// <description>, and FeedBurner-style proxies put their own tracking address in <link> with the
// publisher's address beside it. These are the elements that stand in, so that matching sees the
// episode text and deduplication by canonical URL sees the same address whichever aggregator
// carried the story.
import { type XmlElement, childElements } from './xml-tree.ts';

/** Describing elements, best first, as namespaces are canonicalised in xml-tree.ts. */
const DESCRIPTIONS = ['itunes:summary', 'itunes:subtitle', 'googleplay:description', 'media:description'];
/** Media RSS nests descriptions in a group or a content element (video feeds do, always). */
const MEDIA_HOLDERS = new Set(['media:group', 'media:content']);
/** The publisher's own address, kept by proxies beside their tracking link. */
const ORIGINAL_LINKS = new Set(['feedburner:origLink', 'pheedo:origLink']);

/** The elements that may describe an item without a description of its own, in order of preference. */
export function descriptionStandIns(item: XmlElement): XmlElement[] {
  const children = childElements(item);
  const nested = children.filter((child) => MEDIA_HOLDERS.has(child.key)).flatMap(childElements);
  const found: XmlElement[] = [];
  for (const key of DESCRIPTIONS) {
    for (const element of key === 'media:description' ? [...children, ...nested] : children) if (element.key === key) found.push(element);
  }
  return found;
}

/** The `feedburner:origLink`-style elements of an item, in document order. */
export function originalLinkElements(item: XmlElement): XmlElement[] {
  return childElements(item).filter((child) => ORIGINAL_LINKS.has(child.key));
}
