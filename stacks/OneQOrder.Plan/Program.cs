using OneQOrder.Plan;

return PlanCommand.Run(args, Console.Out, Console.Error, Directory.GetCurrentDirectory());
