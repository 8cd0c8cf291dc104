import type { CiProvider } from '../core/domain.js';

/**
 * What the CI answer decides outside the CI files themselves: where the image is pushed, where
 * the repository and the published pages live, and the words the docs use. Templates read these
 * values rather than branching on the provider, so a manifest names the registry its CI pushes to.
 * Owner and repository are unknown at generation time: `change-me` marks the part to set once.
 */
export interface Hosting {
  /** "GitHub" or "GitLab": the platform, in prose. */
  platform: string;
  /** The CI product, in prose. */
  ciName: string;
  /** What a proposed change is called there. */
  changeRequest: string;
  /** The image repository the CI pushes to, with the placeholder owner (no tag). */
  imageRepository: string;
  /** The same, as a reader should fill it in (on GitLab, the value of $CI_REGISTRY_IMAGE). */
  imageRepositoryHint: string;
  /** Clone URL of the repository, with the placeholder owner. */
  gitUrl: string;
  /** Origin of the published static pages, with the placeholder owner. */
  pagesOrigin: string;
  /** The tool that proposes dependency updates. */
  dependencyBot: string;
}

export function hostingFor(ci: CiProvider, kubeName: string): Hosting {
  if (ci === 'gitlab') {
    return {
      platform: 'GitLab',
      ciName: 'GitLab CI/CD',
      changeRequest: 'merge request',
      imageRepository: `registry.gitlab.com/change-me/${kubeName}`,
      imageRepositoryHint: 'registry.gitlab.com/<group>/<project>',
      gitUrl: `https://gitlab.com/change-me/${kubeName}.git`,
      pagesOrigin: 'https://change-me.gitlab.io',
      dependencyBot: 'Renovate',
    };
  }
  return {
    platform: 'GitHub',
    ciName: 'GitHub Actions',
    changeRequest: 'pull request',
    imageRepository: `ghcr.io/change-me/${kubeName}`,
    imageRepositoryHint: 'ghcr.io/<owner>/<repository>',
    gitUrl: `https://github.com/change-me/${kubeName}.git`,
    pagesOrigin: 'https://change-me.github.io',
    dependencyBot: 'Dependabot',
  };
}
