import { IMAGE_REFERENCE } from './patterns';

/**
 * The image rule shared by the construct and the CLI: a well-formed reference, and unless mutable
 * tags are allowed, a fixed tag or a digest — with `:latest` or no tag, a git revert would leave the
 * cluster on whatever the tag points to now.
 * @returns what the image must be, or `undefined` when it is acceptable
 */
export function imageReferenceProblem(image: string, allowMutableTags = false): string | undefined {
  if (typeof image !== 'string' || !IMAGE_REFERENCE.test(image)) {
    return 'be an image reference such as "ghcr.io/org/server:1.0.0" or "repo@sha256:<digest>"';
  }
  if (allowMutableTags || image.includes('@sha256:')) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
  if (tag === undefined || tag === 'latest') {
    return 'name a fixed tag or a digest (":latest" and untagged images make a git revert a no-op; set allowMutableImageTags to accept them)';
  }
  return undefined;
}
