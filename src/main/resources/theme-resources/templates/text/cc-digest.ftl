<#ftl output_format="plainText">
${msg("ccEmailDigestBody", ccSiteName)}

${msg("ccEmailDigestPeriod")}: ${ccDigestFrom}<#if ccDigestTo != ccDigestFrom> – ${ccDigestTo}</#if>
${msg("ccEmailDigestNewFlags")}: ${ccDigestNewFlags}
${msg("ccEmailDigestResolved")}: ${ccDigestResolved}
${msg("ccEmailDigestDismissed")}: ${ccDigestDismissed}
${msg("ccEmailDigestNotTold")}: ${ccDigestNotTold}
${msg("ccEmailDigestHeld")}: ${ccDigestHeld}
${msg("ccEmailDigestAttacks")}: ${ccDigestAttacks}
<#if ccDigestBySource?has_content>

${msg("ccEmailDigestBySource")}
<#list ccDigestBySource as row>  - ${row.source} / ${row.reason}: ${row.count}
</#list>
</#if>
<#if ccConsoleUrl??>

${msg("ccEmailDigestConsole")}
${ccConsoleUrl}
</#if>

${msg("ccEmailDigestWhy")}
