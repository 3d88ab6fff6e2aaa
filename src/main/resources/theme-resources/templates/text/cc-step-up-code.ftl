<#ftl output_format="plainText">
${msg("ccEmailCodeIntro", ccSiteName)}

    ${ccCode}

${msg("ccEmailCodeExpiry", ccMinutes)}

${msg("ccEmailCodeNotYou")}
