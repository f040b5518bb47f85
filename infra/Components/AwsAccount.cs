using Pulumi;
using Pulumi.Aws;
using Pulumi.Aws.Iam;
using Pulumi.Aws.Iam.Inputs;

namespace OneQOrder.Infra.Components;

/// <summary>
/// The account, partition and region the AWS resources land in, and the IAM/KMS policy documents built from them.
/// Policies are built with <c>aws.iam.getPolicyDocument</c> from typed statements, never by formatting JSON.
/// </summary>
internal sealed class AwsAccount
{
    private AwsAccount(Output<string> accountId, Output<string> partition, string region)
    {
        AccountId = accountId;
        Partition = partition;
        Region = region;
    }

    public Output<string> AccountId { get; }

    public Output<string> Partition { get; }

    public string Region { get; }

    /// <summary>Looks the account up once per component (the invoke is parented so it uses the component's provider).</summary>
    public static AwsAccount Lookup(Resource parent, string region)
    {
        var options = new InvokeOptions { Parent = parent };
        var caller = GetCallerIdentity.Invoke(new GetCallerIdentityInvokeArgs(), options);
        var partition = GetPartition.Invoke(new GetPartitionInvokeArgs(), options);
        return new AwsAccount(caller.Apply(c => c.AccountId), partition.Apply(p => p.Partition), region);
    }

    /// <summary><c>arn:&lt;partition&gt;:iam::aws:policy/&lt;name&gt;</c>, an AWS managed policy.</summary>
    public Output<string> ManagedPolicy(string name) => Output.Format($"arn:{Partition}:iam::aws:policy/{name}");

    /// <summary>The account's root principal: key policies must keep it, or the key becomes unmanageable.</summary>
    public Output<string> RootArn => Output.Format($"arn:{Partition}:iam::{AccountId}:root");

    /// <summary>A trust policy letting one AWS service assume a role.</summary>
    public static Output<string> AssumeRolePolicy(Resource parent, string service, params string[] actions) =>
        Document(parent, new GetPolicyDocumentStatementInputArgs
        {
            Effect = "Allow",
            Actions = actions.Length == 0 ? ["sts:AssumeRole"] : actions,
            Principals = { new GetPolicyDocumentStatementPrincipalInputArgs { Type = "Service", Identifiers = { service } } },
        });

    /// <summary>
    /// A customer-managed key's policy: the account root administers it (AWS KMS docs, "Default key policy"), and
    /// CloudWatch Logs in this region may use it for the named log groups (CloudWatch Logs docs, "Encrypt log data
    /// in CloudWatch Logs using AWS KMS": the service principal plus an encryption-context condition). Extra
    /// statements add other users of the key.
    /// </summary>
    public Output<string> KeyPolicy(Resource parent, IEnumerable<string> logGroupNames, params GetPolicyDocumentStatementInputArgs[] extra)
    {
        var logGroupArns = logGroupNames
            .Select(g => Output.Format($"arn:{Partition}:logs:{Region}:{AccountId}:log-group:{g}"))
            .ToList();
        List<GetPolicyDocumentStatementInputArgs> statements =
        [
            new()
            {
                Sid = "AccountAdministersKey",
                Effect = "Allow",
                Actions = { "kms:*" },
                Resources = { "*" },
                Principals = { new GetPolicyDocumentStatementPrincipalInputArgs { Type = "AWS", Identifiers = { RootArn } } },
            },
        ];
        if (logGroupArns.Count > 0)
        {
            var condition = new GetPolicyDocumentStatementConditionInputArgs
            {
                Test = "ArnLike",
                Variable = "kms:EncryptionContext:aws:logs:arn",
            };
            foreach (var arn in logGroupArns)
            {
                condition.Values.Add(arn);
            }

            statements.Add(new()
            {
                Sid = "CloudWatchLogsUseKey",
                Effect = "Allow",
                Actions = { "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*" },
                Resources = { "*" },
                Principals = { new GetPolicyDocumentStatementPrincipalInputArgs { Type = "Service", Identifiers = { $"logs.{Region}.amazonaws.com" } } },
                Conditions = { condition },
            });
        }

        return Document(parent, [.. statements, .. extra]);
    }

    /// <summary>Renders typed statements to a policy JSON document.</summary>
    public static Output<string> Document(Resource parent, params GetPolicyDocumentStatementInputArgs[] statements)
    {
        var args = new GetPolicyDocumentInvokeArgs();
        foreach (var statement in statements)
        {
            args.Statements.Add(statement);
        }

        return GetPolicyDocument.Invoke(args, new InvokeOptions { Parent = parent }).Apply(d => d.Json);
    }
}
