// The Argo models are installed for the generated tier only (test/generated/package.json: they
// declare Node >= 22, the root project supports Node 20.12), so a fresh clone's `npm run
// typecheck` must not depend on them. These are the parts the checks use; the classes validate
// an object against the Argo CRD's schema and throw on the first mismatch.
declare module '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1' {
  export class WorkflowTemplate {
    constructor(data: unknown);
    validate(): void;
  }
  export class CronWorkflow {
    constructor(data: unknown);
    validate(): void;
  }
}

declare module '@kubernetes-models/argo-cd/argoproj.io/v1alpha1' {
  export class Application {
    constructor(data: unknown);
    validate(): void;
  }
}

declare module '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1' {
  export class ServiceMonitor {
    constructor(data: unknown);
    validate(): void;
  }
}
