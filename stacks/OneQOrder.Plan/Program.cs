using OneQOrder.Plan;
using OneQOrder.Plan.Compare;

// `plan compare …` builds the pull-request comment (docs/plan-command.md); anything else plans a stack. A stack
// called "compare" would be planned as `plan <org>/compare`; this project has none.
return args is ["compare", .. var rest]
    ? CompareCommand.Run(rest, Console.Out, Console.Error, Directory.GetCurrentDirectory())
    : PlanCommand.Run(args, Console.Out, Console.Error, Directory.GetCurrentDirectory());
