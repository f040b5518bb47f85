// Pulumi's Deployment is process-global (Deployment.Instance, PULUMI_CONFIG read from the environment), so mock
// deployments cannot overlap: Deployment.TestAsync documents that tests "must run serially".
[assembly: CollectionBehavior(DisableTestParallelization = true)]
