<#ftl output_format="plainText">
${msg("ccEmailCorrectionBody", ccFlaggedOn, ccSiteName)}

${msg("ccEmailCorrectionNext")}
<#if ccSupport??>

${msg("ccEmailSupport", ccSupport)}
</#if>
