using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.FileProviders;
using Npgsql;
using TalentMatch.Web.Features;
using TalentMatch.Web.Features.Health;
using TalentMatch.Web.Features.Matching;
using TalentMatch.Web.Infrastructure.Behaviours;
using TalentMatch.Web.Infrastructure.Errors;
using TalentMatch.Web.Infrastructure.Security;
using TalentMatch.Web.Infrastructure.Startup;
using TalentMatch.Web.Pages;

namespace TalentMatch.Web;

/// <summary>The one composition root: what the host needs, in the order requests meet it.</summary>
public static class Composition
{
    public static IServiceCollection AddTalentMatch(this IServiceCollection services, IConfiguration configuration, DatabaseConnection database)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());

        services.AddSingleton(database);
        services.AddSingleton(sp => ApplicationDataSource(database, configuration, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Composition))));

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            // Outermost first: log and time everything, including requests that are refused; who may ask is decided
            // before validation, so strangers learn nothing from validation messages.
            options.PipelineBehaviors = [typeof(LoggingBehaviour<,>), typeof(TimingBehaviour<,>), typeof(AuthorisationBehaviour<,>), typeof(ValidationBehaviour<,>)];
        });
        AddValidators(services);

        services.AddTalentMatchAuthentication(configuration);
        services.AddTalentMatchRateLimits(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        // Malformed bodies must reach the exception handler so they get problem details like every other error.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddRazorPages(o => o.Conventions.ConfigureFilter(new PageSecurityHeaders()));

        services.AddHostedService<DatabaseStartup>();
        services.AddSingleton<MatchingState>();
        services.AddSingleton<MatchListCache>();
        services.AddSingleton<TalentMatch.Web.Features.Taxonomy.LabelSearch>();
        services.AddSingleton<TalentMatch.Web.Features.Taxonomy.SkillExtraction>();
        services.AddHostedService<MatchingIndexFollower>();
        services.AddHostedService<RankingModelWatcher>();
        services.AddHostedService<TalentMatch.Web.Features.Demo.DemoPlanningSeeder>();
        services.Configure<TalentMatch.Web.Features.Coaching.RetentionSettings>(configuration.GetSection("TalentMatch:Retention"));
        services.AddHostedService<TalentMatch.Web.Features.Coaching.RetentionService>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"])
            .AddCheck<MatchingReadyCheck>("matching", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// The app serves requests as its own login role, which may not change or delete the ranking log and has no owner
    /// session underneath to <c>reset role</c> to. Only when a server is configured without
    /// <c>ConnectionStrings:TalentMatchApp</c> does it fall back to the owner's login acting as the role
    /// (<c>TalentMatch:DatabaseRole</c>), which a <c>reset role</c> would undo; it says so at start-up.
    /// </summary>
    public static NpgsqlDataSource ApplicationDataSource(DatabaseConnection database, IConfiguration configuration, ILogger logger)
    {
        if (database.ApplicationConnectionString is { } application)
        {
            return NpgsqlDataSource.Create(application);
        }

        logger.LogWarning("ConnectionStrings:TalentMatchApp is not set: serving with the owner's login acting as a role, which the connection could undo. " +
            "Set it to the application's own login (see README, Usage)");
        var builder = new NpgsqlDataSourceBuilder(database.ConnectionString);
        var role = configuration["TalentMatch:DatabaseRole"] ?? TalentMatch.Database.LocalCluster.ApplicationRole;
        if (role.Length > 0)
        {
            // A startup option, so it holds after the pool resets a connection.
            builder.ConnectionStringBuilder.Options = $"{builder.ConnectionStringBuilder.Options} -c role={role}".Trim();
        }

        return builder.Build();
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        // Unknown members are refused rather than silently dropped, so a typo never loses data.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Generated serialisers first for the types that have them; everything else falls back to reflection.
        options.TypeInfoResolverChain.Insert(0, MatchingJson.Default);
    }

    public static WebApplication UseTalentMatch(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLocalization(Language.Options());
        // The output folder, not the content root: `dotnet run` from the repository root must still find the stylesheet.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")) });
        app.UseAuthentication();
        app.UseMiddleware<SignedInAccounts>();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "TalentMatch API");
            o.RoutePrefix = "docs";
            o.DocumentTitle = "TalentMatch API";
        });

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.WriteAsync });

        Endpoints.Map(app);
        Language.Map(app);
        app.MapRazorPages();
        return app;
    }

    static void AddValidators(IServiceCollection services)
    {
        var validators = typeof(Composition).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetInterfaces()
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
                .Select(i => (Service: i, Implementation: t)));
        foreach (var (service, implementation) in validators)
        {
            services.AddSingleton(service, implementation);
        }
    }

    sealed class DateOnlyTypeHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => throw new InvalidCastException($"Cannot read {value.GetType()} as DateOnly"),
        };

        public override void SetValue(System.Data.IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = System.Data.DbType.Date;
            parameter.Value = value;
        }
    }
}
